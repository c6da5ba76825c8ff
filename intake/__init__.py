"""Request intake: tickets, their workflow, and the database they live in."""
