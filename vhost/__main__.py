from vhost.cli import main

raise SystemExit(main())
