"""Post-event summaries: computed attendance figures and charts, the organizer's highlights,
quotes and key figures, a drafted recap article, the public summary page, exports and follow-ups."""
