package dev.imagecatalog.metadata.jdbc;

import dev.imagecatalog.error.BackendUnavailableException;
import dev.imagecatalog.error.ConflictException;
import dev.imagecatalog.error.ImageCatalogException;
import dev.imagecatalog.error.InvalidInputException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Turns driver failures into the catalog's typed exceptions, the same way for every repository of this module. */
final class DatabaseErrors {
    private static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    /** A repository's own reading of a failure. */
    interface Translator {
        /** A typed exception for {@code e}, or null for the default. */
        ImageCatalogException translate(JdbiException e);
    }

    /**
     * Runs a database action: the translator's exception first, then a value out of range or too long (SQL state
     * class 22) as invalid input, a serialization failure or deadlock as a conflict, anything else as
     * {@link BackendUnavailableException}.
     */
    static <T> T run(String what, Supplier<T> action, Translator translator) {
        try {
            return action.get();
        } catch (ImageCatalogException e) {
            throw e;
        } catch (JdbiException e) {
            ImageCatalogException typed = translator.translate(e);
            if (typed != null) {
                throw typed;
            }
            SQLException sql = sqlCause(e);
            String state = sql == null ? null : sql.getSQLState();
            if (state != null && state.startsWith("22")) {
                throw new InvalidInputException("could not " + what + ": a value is out of range or too long ("
                        + sql.getMessage() + ")", e);
            }
            if (isConcurrencyFailure(e)) {
                throw new ConflictException("could not " + what + ": concurrent change (" + sql.getMessage() + ")", e);
            }
            throw new BackendUnavailableException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** Serialization failure or deadlock (SQL standard, PostgreSQL), or H2's concurrent update of a row. */
    static boolean isConcurrencyFailure(JdbiException e) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || sql.getErrorCode() == 90131;
    }

    static boolean isUniqueViolation(JdbiException e) {
        SQLException sql = sqlCause(e);
        return sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return (SQLException) t;
            }
        }
        return null;
    }
}
