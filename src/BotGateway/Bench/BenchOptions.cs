namespace GridLine.BotGateway.Bench;

/// <summary>Benchmark-only routes, section <c>Bench</c>. Off by default; never enable in production.</summary>
public sealed class BenchOptions
{
    public const string Section = "Bench";

    /// <summary>Map <c>POST /bench/bare-insert</c>, the ceiling the callback endpoint is measured against (docs/benchmarks.md).</summary>
    public bool Enabled { get; set; }
}
