package com.example.notes.service;

import com.example.notes.repository.NotesRepository;

import java.util.List;

/** The service layer: uses the repository below it. */
public class NotesService {
    private final NotesRepository repository;
    private final Tags tags = new Tags();

    public NotesService(NotesRepository repository) {
        this.repository = repository;
    }

    public List<String> of(String owner) {
        return repository.findByOwner(tags.normalise(owner));
    }
}
