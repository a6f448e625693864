//! Threads: the model and one importer per format.
