package org.newsingest.api;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link CheapRead} inside its limits. Its priority puts it inside {@code @Transactional},
 * so the statement timeout is set on the read's own transaction ({@code SET LOCAL}) and ends with it.
 */
@CheapRead("")
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class CheapReadInterceptor {

    private final ApiReadConfig config;
    private final EntityManager entityManager;
    private final ConcurrentHashMap<String, Semaphore> turns = new ConcurrentHashMap<>();

    CheapReadInterceptor(ApiReadConfig config, EntityManager entityManager) {
        this.config = config;
        this.entityManager = entityManager;
    }

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        String kind = kind(invocation);
        Semaphore turn = turns.computeIfAbsent(kind, k -> new Semaphore(config.concurrency(), true));
        if (!turn.tryAcquire(config.waitForTurn().toNanos(), TimeUnit.NANOSECONDS)) {
            throw new WebApplicationException(Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE, "reads_busy",
                    config.concurrency() + " reads of " + kind + " are running already; try again shortly"))
                    .header(HttpHeaders.RETRY_AFTER, "1").build());
        }
        try {
            entityManager.createNativeQuery("SELECT set_config('statement_timeout', :timeout, true)")
                    .setParameter("timeout", config.statementTimeout().toMillis() + "ms")
                    .getSingleResult();
            return invocation.proceed();
        } finally {
            turn.release();
        }
    }

    private static String kind(InvocationContext invocation) {
        CheapRead read = invocation.getMethod().getAnnotation(CheapRead.class);
        if (read == null) {
            read = invocation.getMethod().getDeclaringClass().getAnnotation(CheapRead.class);
        }
        return read == null ? "reads" : read.value();
    }
}
