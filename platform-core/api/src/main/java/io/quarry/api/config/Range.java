package io.quarry.api.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Inclusive bounds for a numeric key; a value outside them fails start-up naming the key and line. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Range {
    /** Smallest allowed value. */
    long min() default Long.MIN_VALUE;

    /** Largest allowed value. */
    long max() default Long.MAX_VALUE;
}
