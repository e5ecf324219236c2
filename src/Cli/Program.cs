using BindingConformance.Cli;
using BindingConformance.Cli.Commands;

ICommand[] commands =
[
    new DoctorCommand(),
];

return await CommandDispatcher.RunAsync(commands, args, Console.Out, Console.Error);
