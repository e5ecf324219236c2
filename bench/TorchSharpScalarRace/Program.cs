// Counts what TorchSharp's implicit scalars do while another thread collects garbage (docs/torchsharp-scalar-race.md):
//   dotnet run -c Release --project bench/TorchSharpScalarRace -- [implicit-alpha|held-alpha|adam-step] [seconds]
// implicit-alpha adds two tensors with `a + b` (TorchSharp passes libtorch an alpha of 1 that nobody holds);
// held-alpha passes a Scalar the caller holds; adam-step runs TorchSharp's own Adam, whose step makes its scalars
// implicitly. Each prints the calls made, the errors libtorch raised and the wrong results seen.
using TorchSharp;
using static TorchSharp.torch;

var modes = new[] { "implicit-alpha", "held-alpha", "adam-step" };
var mode = args.Length > 0 ? args[0] : modes[0];
if (!modes.Contains(mode))
{
    Console.Error.WriteLine($"unknown mode '{mode}' (known: {string.Join(", ", modes)})");
    return 2;
}
var seconds = 20;
if (args.Length > 1 && (!int.TryParse(args[1], out seconds) || seconds <= 0))
{
    Console.Error.WriteLine($"seconds must be a positive integer, got '{args[1]}'");
    return 2;
}
var stop = DateTime.UtcNow.AddSeconds(seconds);
var collector = new Thread(() =>
{
    while (DateTime.UtcNow < stop)
    {
        GC.Collect(0);
        GC.WaitForPendingFinalizers();
    }
}) { IsBackground = true };

using var a = torch.ones(4);
using var b = torch.ones(4);
using var one = 1.ToScalar();
using var parameter = new TorchSharp.Modules.Parameter(torch.zeros(4));
using var optimizer = optim.Adam([parameter], 0.001);
long calls = 0, errors = 0, wrong = 0;
string? firstError = null;
collector.Start();
while (DateTime.UtcNow < stop)
{
    try
    {
        using var scope = torch.NewDisposeScope();
        switch (mode)
        {
            case "implicit-alpha":
                if ((a + b)[0].item<float>() != 2f) wrong++;
                break;
            case "held-alpha":
                if (a.add(b, one)[0].item<float>() != 2f) wrong++;
                break;
            default:
                optimizer.zero_grad();
                parameter.sum().backward();
                optimizer.step();
                if (!float.IsFinite(parameter[0].item<float>())) wrong++;
                break;
        }
    }
    catch (Exception e)
    {
        errors++;
        firstError ??= e.Message.Split('\n')[0];
    }
    calls++;
}
Console.WriteLine($"{mode}: {calls} calls in {seconds} s with a collecting thread, {errors} libtorch errors, {wrong} wrong results{(firstError is null ? "" : $"; first error: {firstError}")}");
return 0;
