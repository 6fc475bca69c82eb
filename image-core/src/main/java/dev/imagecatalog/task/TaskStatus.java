package dev.imagecatalog.task;

import java.util.Locale;
import java.util.Optional;

/**
 * A task's status and its legal transitions, as Glance's: {@code pending -> processing -> success | failure}, and
 * {@code pending -> failure}. {@code success} and {@code failure} are terminal.
 */
public enum TaskStatus {
    /** Created, not yet started. */
    PENDING,
    /** Running. */
    PROCESSING,
    /** Ended well; terminal. */
    SUCCESS,
    /** Ended badly; terminal. */
    FAILURE;

    /**
     * Whether a task in this status may move to {@code next}.
     *
     * @param next the status asked for
     * @return true for Glance's legal transitions only
     */
    public boolean canMoveTo(TaskStatus next) {
        return switch (this) {
            case PENDING -> next == PROCESSING || next == FAILURE;
            case PROCESSING -> next == SUCCESS || next == FAILURE;
            case SUCCESS, FAILURE -> false;
        };
    }

    /** {@return whether the task has ended} */
    public boolean terminal() {
        return this == SUCCESS || this == FAILURE;
    }

    /** {@return Glance's name of the status: {@code pending}, {@code processing}, {@code success}, {@code failure}} */
    public String glanceName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status of a Glance name.
     *
     * @param name a name such as {@code processing}
     * @return the status, or empty when the name is none
     */
    public static Optional<TaskStatus> of(String name) {
        for (TaskStatus s : values()) {
            if (s.glanceName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
