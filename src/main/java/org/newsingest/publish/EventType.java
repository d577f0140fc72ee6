package org.newsingest.publish;

/** The CloudEvents {@code type} of an item event. */
public enum EventType {
    CREATED("news.item.created"),
    UPDATED("news.item.updated");

    private final String ceType;

    EventType(String ceType) {
        this.ceType = ceType;
    }

    public String ceType() {
        return ceType;
    }
}
