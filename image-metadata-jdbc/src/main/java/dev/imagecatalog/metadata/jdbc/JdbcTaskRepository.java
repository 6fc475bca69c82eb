package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.spi.TaskRepository;
import dev.imagecatalog.task.Task;
import dev.imagecatalog.task.TaskQuery;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The tasks of a {@link JdbcMetadataRepository}, on its pool and lifetime. */
final class JdbcTaskRepository implements TaskRepository {
    private final Jdbi jdbi;
    private final Dialect dialect;

    JdbcTaskRepository(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public void create(Task task) {
        throw new UnsupportedOperationException("JdbcTaskRepository.create");
    }

    @Override
    public Optional<Task> find(String id) {
        throw new UnsupportedOperationException("JdbcTaskRepository.find");
    }

    @Override
    public Task update(Task task) {
        throw new UnsupportedOperationException("JdbcTaskRepository.update");
    }

    @Override
    public List<Task> list(TaskQuery query, String owner, Instant now) {
        throw new UnsupportedOperationException("JdbcTaskRepository.list");
    }

    @Override
    public List<Task> listForImage(String imageId, Instant now) {
        throw new UnsupportedOperationException("JdbcTaskRepository.listForImage");
    }

    @Override
    public List<Task> listUnfinished() {
        return List.of();
    }

    @Override
    public void touch(Collection<String> ids, Instant at) {
        throw new UnsupportedOperationException("JdbcTaskRepository.touch");
    }

    @Override
    public List<Task> deleteExpired(Instant now, int batchSize) {
        throw new UnsupportedOperationException("JdbcTaskRepository.deleteExpired");
    }
}
