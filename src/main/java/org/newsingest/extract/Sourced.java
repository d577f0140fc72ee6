package org.newsingest.extract;

/** A value read from a page and where on the page it came from. TEMPORARY stand-in (extractcore's replaces it). */
public record Sourced<T>(T value, String source) {}
