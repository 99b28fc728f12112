package com.example.notes.service;

import java.util.Locale;

/** A helper in the service package: NOTES-NAMING-01 reports its name (minor: below the suite's threshold). */
public class Tags {
    public String normalise(String tag) {
        return tag.strip().toLowerCase(Locale.ROOT);
    }
}
