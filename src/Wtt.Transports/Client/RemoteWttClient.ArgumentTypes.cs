// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports.Protocol;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <summary>
    /// The declared types of each call's positional arguments, in the contract's order (docs/protocol.md), the call id first:
    /// one list per call shape, made once. StreamJsonRpc reads a list and keeps no reference to change it.
    /// </summary>
    private static class ArgumentTypes
    {
        public static readonly Type[] Create = [typeof(Guid), typeof(ProcessStartSpec)];
        public static readonly Type[] Open = [typeof(Guid), typeof(WttProcessId)];
        public static readonly Type[] OpenOnMachine = [typeof(Guid), typeof(WttProcessId), typeof(string)];
        public static readonly Type[] Close = [typeof(Guid), typeof(WttProcessId)];
        public static readonly Type[] Signal = [typeof(Guid), typeof(WireSet), typeof(WireSignal)];
        public static readonly Type[] Terminate = [typeof(Guid), typeof(WireSet), typeof(TerminateOptions)];
        public static readonly Type[] Wait = [typeof(Guid), typeof(WireSet), typeof(WaitOptions)];
        public static readonly Type[] Info = [typeof(Guid), typeof(WttProcessId)];
        public static readonly Type[] InfoOnMachine = [typeof(Guid), typeof(WttProcessId), typeof(string)];
        public static readonly Type[] CurrentInfo = [typeof(Guid)];
        public static readonly Type[] List = [typeof(Guid), typeof(WireListOptions)];
    }
}
