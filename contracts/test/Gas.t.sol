// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";

/// @dev One operation per test on warm, realistic state (all three modules on), so `.gas-snapshot` tracks the
/// cost of each user-facing operation. Each test's figure includes the test's own small overhead.
contract GasTest is Fixture {
    function setUp() public override {
        super.setUp();
        _mint(alice, 10_000e18);
        _mint(bob, 1_000e18);
    }

    function test_gas_transfer() public {
        vm.prank(alice);
        token.transfer(bob, 100e18);
    }

    function test_gas_transferToNewHolder() public {
        vm.prank(alice);
        token.transfer(carol, 100e18);
    }

    function test_gas_mint() public {
        vm.prank(issuer);
        token.mint(bob, 100e18);
    }

    function test_gas_forcedTransfer() public {
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 100e18);
    }

    function test_gas_burn() public {
        vm.prank(issuer);
        token.burn(alice, 100e18);
    }

    function test_gas_registerInvestor() public {
        vm.prank(officer);
        registry.registerInvestor(dave, identityOf(dave), USA, kycExpiry);
    }

    function test_gas_deployAsset() public {
        _deploy(_demoParams());
    }

    function test_gas_detectTransferRestriction() public view {
        token.detectTransferRestriction(alice, bob, 100e18);
    }
}
