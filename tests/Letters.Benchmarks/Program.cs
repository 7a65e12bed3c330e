using BenchmarkDotNet.Running;
using Letters.Benchmarks;

// ./dev.sh bench [--filter *Render*]: BenchmarkDotNet picks from the benchmarks in this assembly.
// ./dev.sh gallery [dir]: writes the style × paper gallery.
if (args is ["gallery", .. var rest])
{
    return Gallery.Run(rest.Length > 0 ? rest[0] : "gallery");
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
