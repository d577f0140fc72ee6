package org.newsingest.filter;

import com.google.re2j.PatternSyntaxException;

/**
 * Where in a pattern RE2/J's syntax error lies (0-based). RE2/J names the offending fragment but
 * not its index, so the index is found from the fragment: a missing {@code )} lies at the end; an
 * unmatched {@code )}, which RE2/J reports as an internal error without a fragment, is found by
 * counting parentheses outside escapes and character classes.
 */
final class ErrorPosition {

    private ErrorPosition() {}

    static int of(String pattern, PatternSyntaxException error) {
        if (error.getIndex() >= 0) {
            return error.getIndex();
        }
        if (String.valueOf(error.getDescription()).startsWith("missing closing")) {
            return pattern.length();
        }
        String fragment = error.getPattern();
        if (fragment != null && !fragment.isEmpty() && !fragment.equals(pattern) && pattern.contains(fragment)) {
            return pattern.indexOf(fragment);
        }
        int unmatched = unmatchedClosingParenthesis(pattern);
        return unmatched >= 0 ? unmatched : 0;
    }

    /** The index of the first {@code )} without its {@code (}, or -1. */
    static int unmatchedClosingParenthesis(String pattern) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return i;
            }
        }
        return -1;
    }
}
