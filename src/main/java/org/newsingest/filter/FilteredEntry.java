package org.newsingest.filter;

import java.util.Optional;

/** An entry a feed's filters dropped: recorded once per feed and identity key, with the rule, and never published. */
public record FilteredEntry(String identityKey, Optional<String> url, Optional<String> title, String rule) {}
