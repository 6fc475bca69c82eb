package dev.imagecatalog.image;

/** A time comparison operator of an {@link ImageQuery} time filter, Glance's {@code gt, gte, eq, neq, lt, lte}. */
public enum TimeOp {
    /** After the instant. */ GT,
    /** At or after the instant. */ GTE,
    /** At the instant. */ EQ,
    /** Not at the instant. */ NEQ,
    /** Before the instant. */ LT,
    /** At or before the instant. */ LTE
}
