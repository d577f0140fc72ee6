package org.newsingest.api;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API read that must stay cheap ({@link CheapReadInterceptor}): at most
 * {@code ingest.api-read.concurrency} of its kind at once, and every SQL statement of its
 * transaction cut off after {@code ingest.api-read.statement-timeout}. Reads share the database pool
 * with stores, the lease heartbeat and the relay, so an expensive or flooding reader must not hold
 * connections the pipeline needs.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CheapRead {

    /** The kind of read: each kind has its own limit, so a flood of item searches leaves feed reads alone. */
    @Nonbinding
    String value();
}
