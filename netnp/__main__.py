from netnp.cli import main

main()
