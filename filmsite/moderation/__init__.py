"""Moderation across the site: the audit log of every moderator's action, notices telling
members what moderators did to what they wrote, and suspensions from posting."""
