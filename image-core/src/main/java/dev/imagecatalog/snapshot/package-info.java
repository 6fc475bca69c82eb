/**
 * Snapshots and rotating backups of running instances, as the compute service makes them: images carrying Nova's
 * snapshot properties, inheriting their base image's, made in one call by
 * {@link dev.imagecatalog.snapshot.SnapshotService}. Imports {@code dev.imagecatalog.image} and
 * {@code dev.imagecatalog.data}.
 */
package dev.imagecatalog.snapshot;
