// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Wtt.TableStress")]
