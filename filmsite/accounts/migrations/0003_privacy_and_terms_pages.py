"""The privacy and terms pages' first text, as flat pages that staff edit in the admin.

The privacy page names every cookie the site sets (settings: SESSION_COOKIE_NAME,
CSRF_COOKIE_NAME, and the messages framework's cookie) and why; there is no consent banner
because nothing tracks. Pages already there (edited by staff) are left as they are.
"""

from django.conf import settings
from django.db import migrations

PRIVACY = """
<p>Filmsite keeps what it needs to run your account and show what members write, and nothing
else. It has no advertising, no analytics and no trackers, and it asks no other site for
anything while you read, so there is no consent banner: there is nothing to consent to.</p>

<h2>Cookies</h2>
<p>The site sets only these cookies, each because a page cannot work without it:</p>
<dl>
  <dt><code>sessionid</code></dt>
  <dd>Keeps you logged in: it holds a random key to your session, which the server stores.
  Set when you log in or sign up (or, rarely, to hold a notice too long for the messages
  cookie); a member's lasts two weeks, a staff member's ends after 30 minutes without
  activity. Logging out deletes it.</dd>
  <dt><code>csrftoken</code></dt>
  <dd>Protects forms (logging in, rating, writing a review) from being sent by another site
  in your name. Set when a page with such a form is shown; it holds a random value and lasts
  a year.</dd>
  <dt><code>messages</code></dt>
  <dd>Carries a one-time notice, such as "Your review is updated", to the next page you see,
  then is deleted.</dd>
</dl>
<p>All three belong to this site alone and travel only over HTTPS; scripts cannot read the
session and messages cookies.</p>

<h2>What we keep about you</h2>
<ul>
  <li>Your account: username, email address (never shown to others), a salted hash of your
  password, when you joined and last logged in, and whether you confirmed your address.</li>
  <li>What you do on the site: your ratings, reviews, helpful votes, reports, watchlist and
  lists. Your ratings, reviews and public lists are shown to everyone under your username;
  your watchlist, private lists, votes and reports are not.</li>
  <li>An import you upload waits up to 24 hours for you to confirm it, then is deleted.</li>
  <li>To stop abuse, the site counts requests per network address and per account for up to
  an hour (for example, five sign-ups an hour); it keeps only a digest of the address with
  each count. The web server's log records each request's address, time and page, to find
  faults and attacks.</li>
</ul>

<h2>Mail</h2>
<p>We send you mail only to confirm your address and to reset your password when you ask.</p>

<h2>Trailers</h2>
<p>A trailer from YouTube or Vimeo loads nothing from them until you press play; then their
player (YouTube's no-cookie player, Vimeo's with "do not track") is loaded from their site,
under their privacy policy.</p>

<h2>Your data, and leaving</h2>
<p>From <a href="/account/">your account</a> you can download everything tied to it, as JSON
or CSV, and delete it. Deleting it removes your profile, ratings, votes, watchlist and lists
at once; you choose whether your reviews go too or stay, signed "a former member" and without
your rating. Reports you made stay, without your name.</p>
"""

TERMS = """
<p>By using Filmsite you agree to these terms. They are short because the rules are simple.</p>

<h2>Your account</h2>
<ul>
  <li>One account per person. Keep your password to yourself; you answer for what your
  account does.</li>
  <li>Give an email address that is yours: your reviews are published once you confirm it.</li>
  <li>You may leave whenever you like, from <a href="/account/">your account</a>.</li>
</ul>

<h2>What you write</h2>
<ul>
  <li>Your reviews, ratings and lists stay yours. By posting them you let Filmsite show them
  to everyone on the site for as long as they are here.</li>
  <li>Write about the film. Mark spoilers as such. No abuse, hate, harassment, spam or
  advertising, and nothing you have no right to publish.</li>
  <li>Anyone can report a review or a list. Moderators may hide what breaks these rules; a
  hidden review stays visible to its author, and its rating leaves the film's figures.</li>
  <li>We may close accounts that break these rules again and again.</li>
</ul>

<h2>The site</h2>
<p>Filmsite is offered as it is, without any warranty. Film information comes from editors
and imported datasets, and may contain mistakes. We may change these terms; the date of the
last change is shown on this page's history in the admin, and big changes are announced on
the site.</p>
"""

PAGES = [("/privacy/", "Privacy", PRIVACY), ("/terms/", "Terms of use", TERMS)]


def add_pages(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    flat_page = apps.get_model("flatpages", "FlatPage")
    # django.contrib.sites makes its default site only after every migration has run.
    site, _ = site_model.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "filmsite.invalid", "name": "Filmsite"}
    )
    for url, title, content in PAGES:
        page, created = flat_page.objects.get_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        if created:
            page.sites.add(site)


def remove_pages(apps, schema_editor):
    flat_page = apps.get_model("flatpages", "FlatPage")
    flat_page.objects.filter(url__in=[url for url, _, _ in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_existing_members_confirmed"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(add_pages, remove_pages)]
