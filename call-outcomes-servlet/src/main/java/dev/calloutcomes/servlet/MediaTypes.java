package dev.calloutcomes.servlet;

import java.util.Locale;

/** Content types, compared exactly: {@code application/jsonx} is not JSON. */
final class MediaTypes {
    private MediaTypes() {
    }

    /** Whether {@code contentType} is {@code application/json} or {@code application/webhook+json}, parameters aside. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("application/webhook+json");
    }
}
