from convnet_studio.cli import main

raise SystemExit(main())
