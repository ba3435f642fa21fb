"""Removing a deleted row's images, however it was deleted (one by one, in bulk, by cascade)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Film, Person, Trailer


@receiver(post_delete, sender=Film)
@receiver(post_delete, sender=Person)
def delete_images(sender, instance, **kwargs):
    instance.delete_images_on_commit()


@receiver(post_delete, sender=Trailer)
def delete_video_file(sender, instance, **kwargs):
    if instance.video_file:
        storage, name = instance.video_file.storage, instance.video_file.name
        transaction.on_commit(lambda: storage.delete(name))
