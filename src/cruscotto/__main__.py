from cruscotto.cli import main

main()
