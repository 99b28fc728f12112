package com.example.notes.web;

import com.example.notes.service.NotesService;

import java.util.List;

/** The web layer: uses the service below it. */
public class NotesEndpoint {
    private final NotesService notes;

    public NotesEndpoint(NotesService notes) {
        this.notes = notes;
    }

    public List<String> list(String owner) {
        return notes.of(owner);
    }
}
