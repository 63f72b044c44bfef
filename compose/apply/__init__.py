"""Carrying out a plan: one task per node, engine calls in worker threads, typed events out."""
