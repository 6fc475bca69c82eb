/**
 * Tasks: the records of asynchronous work, as Glance's Tasks API shows them. An image import
 * ({@link dev.imagecatalog.image.ImageService#importImage}) returns a {@link dev.imagecatalog.task.Task} at once and
 * runs in the background; {@link dev.imagecatalog.task.TaskService} lists and shows tasks and creates Glance's legacy
 * {@code import} task. Tasks are kept by the metadata back-end and expire {@code tasks.time-to-live} after they end.
 */
package dev.imagecatalog.task;
