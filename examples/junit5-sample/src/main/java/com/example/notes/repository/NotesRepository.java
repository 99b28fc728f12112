package com.example.notes.repository;

import java.util.List;

/** The repository layer. */
public interface NotesRepository {
    List<String> findByOwner(String owner);
}
