namespace Letters.Handwriting;

/// <summary>
/// SplitMix64: tiny, fast and fully specified, so the same seed gives the same letter on every machine and
/// every .NET version (System.Random's seeded sequence is an implementation detail).
/// </summary>
internal struct Rng(ulong seed)
{
    private ulong state = seed;

    /// <summary>
    /// The letter's independent streams, each its seed mixed with a salt of its own (ASCII names), declared once: the
    /// hand (every glyph's wobble, in the font and pen styles alike), the layout (line breaks, wander), the paper's
    /// grain and the envelope. Two streams sharing a salt would move together; the same stream must use one salt
    /// everywhere, or a letter would not be the same letter when drawn again.
    /// </summary>
    public static Rng Hand(ulong seed) => new(seed ^ 0x4C6574746572735EUL);

    public static Rng Layout(ulong seed) => new(seed ^ 0x6C61796F7574UL);

    public static Rng Envelope(ulong seed) => new(seed ^ 0x656E76656C6F7065UL);

    public static Rng Paper(ulong seed, int page) => new(seed ^ (0x6772616E55UL * (ulong)(page + 1)));

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>
    /// Roughly normal (sum of three uniforms), bounded to ±3σ, which is what handwriting wants. The three
    /// uniforms are 21-bit slices of one draw: this is called several times per glyph.
    /// </summary>
    public double Gaussian(double sigma)
    {
        var bits = NextUInt64();
        const double scale = 1.0 / (1 << 21);
        var sum = ((bits & 0x1FFFFF) + ((bits >> 21) & 0x1FFFFF) + ((bits >> 42) & 0x1FFFFF)) * scale;
        return (sum - 1.5) * 2 * sigma;
    }
}
