use clap::Parser;

fn main() {
    let cli = shipgate::cli::Cli::parse();
    std::process::exit(shipgate::cli::run(cli));
}
