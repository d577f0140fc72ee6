package org.newsingest.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallbackLimiterTest {

    @Test
    void aBurstIsAnsweredThenRequestsWaitForTheRateToRefill() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        CallbackLimiter limiter = new CallbackLimiter(5, 3, clock::get);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.addAndGet(100_000_000L);
        assertThat(limiter.tryAcquire()).as("half a token after 100 ms at 5/s").isFalse();
        clock.addAndGet(100_000_000L);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        clock.addAndGet(60_000_000_000L);
        int answered = 0;
        while (limiter.tryAcquire()) {
            answered++;
        }
        assertThat(answered).as("an idle minute refills the burst, not more").isEqualTo(3);
    }
}
