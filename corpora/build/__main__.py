from corpora.build.main import main

main()
