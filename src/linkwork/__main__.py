from linkwork.cli import main

main()
