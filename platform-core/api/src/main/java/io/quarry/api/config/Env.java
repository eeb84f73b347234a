package io.quarry.api.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra environment variable names for one key, as a plugin's own documentation names them ({@code MINER_THREADS}).
 * They rank with the generic {@code QUARRY_<SECTION>_<KEY>} variable, which wins when both are set.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Env {
    /** The variable names, checked in order. */
    String[] value();
}
