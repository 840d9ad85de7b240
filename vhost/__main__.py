from vhost.cli import entry

entry()
