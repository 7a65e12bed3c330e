using BenchmarkDotNet.Running;

// ./dev.sh bench [--filter *Render*]: BenchmarkDotNet picks from the benchmarks in this assembly.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
