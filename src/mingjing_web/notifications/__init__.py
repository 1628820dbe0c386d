"""In-app notifications (a bell with the unread count), mirrored by e-mail when EMAIL_HOST is set."""
