"""Pages of discussions, the virtual reception and ratings: each parses, calls one service,
renders."""
