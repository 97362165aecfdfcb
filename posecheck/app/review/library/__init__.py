"""The review's session library: the list of recorded sessions, its filters, import, and the progress charts."""
