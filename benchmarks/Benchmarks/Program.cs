using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GridLine.Benchmarks.ClassifyBenchmarks).Assembly).Run(args);
