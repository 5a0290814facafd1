from taskrollup.cli import main

main()
