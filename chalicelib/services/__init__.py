"""Application services: the use cases routes and event handlers call."""
