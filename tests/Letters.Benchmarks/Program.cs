using BenchmarkDotNet.Running;
using Letters.Benchmarks;

// ./dev.sh bench [--filter *Render*]: BenchmarkDotNet picks from the benchmarks in this assembly.
// ./dev.sh gallery [dir]: writes the style × paper gallery.
// ./dev.sh load-orders [--seconds 30] [--connections 32]: load on POST /v1/orders of a running server.
if (args is ["gallery", .. var rest])
{
    return Gallery.Run(rest.Length > 0 ? rest[0] : "gallery");
}

if (args is ["load-orders", .. var options])
{
    return await OrderLoad.RunAsync(options);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
