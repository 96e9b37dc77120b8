// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, console} from "forge-std/Test.sol";

/// @title GasTable
/// @notice The money-leg gas benches' table: each row is what a user pays for one call (run under `forge test
/// --isolate`, where every top-level call is its own transaction), printed with its target; a missed target is
/// counted in `failures` (the bench asserts none).
abstract contract GasTable {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Rows whose gas exceeded their target.
    uint256 internal failures;

    /// @dev Gas used by the last top-level call: with --isolate, the whole transaction after refunds.
    function _gas() internal view returns (uint256) {
        return VM.lastCallGas().gasTotalUsed;
    }

    /// @dev Prints `op | gas | <= target met|MISSED` (no target when `target` is 0), the operation padded to `opWidth`
    /// and the figure to `gasWidth` characters; counts a missed target.
    function _printRow(string memory op, uint256 gas, uint256 target, uint256 opWidth, uint256 gasWidth) internal {
        string memory status = "";
        if (target != 0) {
            bool ok = gas <= target;
            if (!ok) ++failures;
            status = string.concat("<= ", _fmt(target), ok ? " met" : " MISSED");
        }
        console.log(string.concat(_padRight(op, opWidth), " | ", _padLeft(_fmt(gas), gasWidth), " | ", status));
    }

    /// @dev Prints whether every target was met.
    function _printSummary() internal view {
        console.log(failures == 0 ? "all targets met" : string.concat(VM.toString(failures), " target(s) missed"));
    }

    /// @dev `v` with thousands separators, e.g. 124,192.
    function _fmt(uint256 v) internal pure returns (string memory) {
        if (v < 1000) return VM.toString(v);
        uint256 rest = v % 1000;
        string memory tail = rest < 10 ? "00" : rest < 100 ? "0" : "";
        return string.concat(_fmt(v / 1000), ",", tail, VM.toString(rest));
    }

    function _padLeft(string memory s, uint256 width) internal pure returns (string memory) {
        while (bytes(s).length < width) s = string.concat(" ", s);
        return s;
    }

    function _padRight(string memory s, uint256 width) internal pure returns (string memory) {
        while (bytes(s).length < width) s = string.concat(s, " ");
        return s;
    }
}
