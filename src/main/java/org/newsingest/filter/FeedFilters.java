package org.newsingest.filter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A feed's keep and block rules as the operator wrote them (RE2 syntax), stored with the feed.
 * Block wins over keep; an empty keep list keeps everything no block rule matched.
 */
public record FeedFilters(@Size(max = 100) List<@Size(max = 1000) String> keep, @Size(max = 100) List<@Size(max = 1000) String> block) {

    public static final FeedFilters NONE = new FeedFilters(List.of(), List.of());

    public FeedFilters {
        // Not List.copyOf: a null rule must reach validation (an invalid_filter), not throw here.
        keep = keep == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(keep));
        block = block == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(block));
    }

    /** Not a property: the stored JSON and the API show keep and block only. */
    @JsonIgnore
    public boolean isEmpty() {
        return keep.isEmpty() && block.isEmpty();
    }
}
