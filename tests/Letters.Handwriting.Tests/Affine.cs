namespace Letters.Handwriting.Tests;

/// <summary>How far two drawings of a letter are from being one drawing moved, turned, scaled and slanted.</summary>
internal static class Affine
{
    /// <summary>RMS distance left between b and the best affine image of a (least squares), in a's units.</summary>
    public static double Residual(IReadOnlyList<(double X, double Y)> a, IReadOnlyList<(double X, double Y)> b)
    {
        var n = Math.Min(a.Count, b.Count);
        // Normal equations for [x y 1] · coefficients = target, solved for x and y targets separately.
        var m = new double[3, 3];
        var rx = new double[3];
        var ry = new double[3];
        for (var i = 0; i < n; i++)
        {
            double[] v = [a[i].X, a[i].Y, 1];
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                {
                    m[r, c] += v[r] * v[c];
                }

                rx[r] += v[r] * b[i].X;
                ry[r] += v[r] * b[i].Y;
            }
        }

        var cx = Solve(m, rx);
        var cy = Solve(m, ry);
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var fx = (cx[0] * a[i].X) + (cx[1] * a[i].Y) + cx[2];
            var fy = (cy[0] * a[i].X) + (cy[1] * a[i].Y) + cy[2];
            sum += ((fx - b[i].X) * (fx - b[i].X)) + ((fy - b[i].Y) * (fy - b[i].Y));
        }

        return Math.Sqrt(sum / n);
    }

    private static double[] Solve(double[,] m, double[] r)
    {
        var a = (double[,])m.Clone();
        var b = (double[])r.Clone();
        for (var p = 0; p < 3; p++)
        {
            for (var row = p + 1; row < 3; row++)
            {
                var f = a[row, p] / a[p, p];
                for (var c = p; c < 3; c++)
                {
                    a[row, c] -= f * a[p, c];
                }

                b[row] -= f * b[p];
            }
        }

        var x = new double[3];
        for (var row = 2; row >= 0; row--)
        {
            var s = b[row];
            for (var c = row + 1; c < 3; c++)
            {
                s -= a[row, c] * x[c];
            }

            x[row] = s / a[row, row];
        }

        return x;
    }
}
