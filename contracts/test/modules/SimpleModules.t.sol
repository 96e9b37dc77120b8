// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleTestBase} from "./ModuleTestBase.sol";
import {CountryBlockModule} from "../../src/compliance/modules/CountryBlockModule.sol";
import {SupplyCapModule} from "../../src/compliance/modules/SupplyCapModule.sol";
import {MinHoldingModule} from "../../src/compliance/modules/MinHoldingModule.sol";
import {ICountryBlockModule, ISupplyCapModule, IMinHoldingModule} from "../../src/interfaces/IComplianceModules.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";

contract CountryBlockModuleTest is ModuleTestBase {
    CountryBlockModule internal m;

    function setUp() public override {
        super.setUp();
        m = new CountryBlockModule();
        _setUpModule(address(m));
        _block(JPN);
    }

    function _block(uint16 country) internal {
        uint16[] memory c = new uint16[](1);
        c[0] = country;
        _configure(address(m), abi.encodeCall(ICountryBlockModule.batchBlockCountries, (c)));
    }

    function test_batchBlockCountries_Success_WhenCalledByCompliance() public {
        uint16[] memory c = new uint16[](1);
        c[0] = GBR;
        vm.expectEmit(address(m));
        emit ICountryBlockModule.CountryBlocked(address(bareCompliance), GBR);
        _configure(address(m), abi.encodeCall(ICountryBlockModule.batchBlockCountries, (c)));
        assertTrue(m.isCountryBlocked(address(bareCompliance), GBR));
        assertFalse(m.isCountryBlocked(address(compliance), GBR)); // state keyed by compliance
    }

    function test_batchBlockCountries_RevertWhen_AlreadyBlocked() public {
        uint16[] memory c = new uint16[](1);
        c[0] = JPN;
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(ICountryBlockModule.CountryAlreadyBlocked.selector, address(bareCompliance), JPN)
        );
        bareCompliance.callModuleFunction(abi.encodeCall(ICountryBlockModule.batchBlockCountries, (c)), address(m));
    }

    function test_batchUnblockCountries_RevertWhen_NotBlocked() public {
        uint16[] memory c = new uint16[](1);
        c[0] = USA;
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(ICountryBlockModule.CountryNotBlocked.selector, address(bareCompliance), USA)
        );
        bareCompliance.callModuleFunction(abi.encodeCall(ICountryBlockModule.batchUnblockCountries, (c)), address(m));
    }

    function test_transfer_RevertWhen_RecipientCountryBlocked() public {
        _mintBare(alice, 10);
        assertEq(bare.detectTransferRestriction(alice, eve, 1), RestrictionCodes.COUNTRY_BLOCKED);
        _expectRefusal(alice, eve, 1, RestrictionCodes.COUNTRY_BLOCKED);
        _send(alice, eve, 1);
        vm.prank(issuer);
        _expectRefusal(address(0), eve, 1, RestrictionCodes.COUNTRY_BLOCKED);
        bare.mint(eve, 1);
    }

    function test_transfer_Success_WhenUnblocked() public {
        uint16[] memory c = new uint16[](1);
        c[0] = JPN;
        _configure(address(m), abi.encodeCall(ICountryBlockModule.batchUnblockCountries, (c)));
        _mintBare(eve, 10);
        assertEq(bare.balanceOf(eve), 10);
    }

    function test_forcedTransfer_Success_WhenHolderInBlockedCountry() public {
        _mintBare(alice, 10);
        _block(USA);
        // A holder whose country became blocked can still be redeemed or moved by the agent.
        vm.startPrank(issuer);
        bare.forcedTransfer(alice, bob, 4);
        bare.burn(alice, 6);
        vm.stopPrank();
        assertEq(bare.balanceOf(alice), 0);
    }

    function testFuzz_checkTransfer_MatchesBlockList(uint16 country) public {
        country = uint16(bound(country, 1, 999));
        if (country != JPN) _block(country);
        assertEq(m.checkTransfer(address(bareCompliance), address(0), eve, 1), RestrictionCodes.COUNTRY_BLOCKED);
        bool usaBlocked = country == USA;
        assertEq(m.checkTransfer(address(bareCompliance), address(0), alice, 1) == 0, !usaBlocked);
    }
}

contract SupplyCapModuleTest is ModuleTestBase {
    SupplyCapModule internal m;

    function setUp() public override {
        super.setUp();
        m = new SupplyCapModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(ISupplyCapModule.setSupplyCap, (1000)));
    }

    function test_setSupplyCap_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(m));
        emit ISupplyCapModule.SupplyCapSet(address(bareCompliance), 5);
        _configure(address(m), abi.encodeCall(ISupplyCapModule.setSupplyCap, (5)));
        assertEq(m.getSupplyCap(address(bareCompliance)), 5);
        assertEq(m.hookedKinds(), 2); // mints only
    }

    function test_mint_RevertWhen_CapExceeded() public {
        _mintBare(alice, 1000);
        assertEq(bare.detectTransferRestriction(address(0), bob, 1), RestrictionCodes.SUPPLY_CAP_EXCEEDED);
        vm.prank(issuer);
        _expectRefusal(address(0), bob, 1, RestrictionCodes.SUPPLY_CAP_EXCEEDED);
        bare.mint(bob, 1);
    }

    function test_mint_Success_WhenBurnFreesRoom() public {
        _mintBare(alice, 1000);
        vm.prank(issuer);
        bare.burn(alice, 10);
        _mintBare(bob, 10);
        assertEq(bare.totalSupply(), 1000);
        _send(alice, bob, 990); // transfers are never capped
    }

    function testFuzz_mint_MatchesCap(uint256 a, uint256 b) public {
        a = bound(a, 0, 1000);
        b = bound(b, 0, 2000);
        _mintBare(alice, a);
        bool allowed = a + b <= 1000;
        assertEq(bare.canTransfer(address(0), bob, b), allowed);
        vm.prank(issuer);
        if (!allowed) _expectRefusal(address(0), bob, b, RestrictionCodes.SUPPLY_CAP_EXCEEDED);
        bare.mint(bob, b);
        assertLe(bare.totalSupply(), 1000);
    }
}

contract MinHoldingModuleTest is ModuleTestBase {
    MinHoldingModule internal m;

    function setUp() public override {
        super.setUp();
        m = new MinHoldingModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(IMinHoldingModule.setMinHolding, (10)));
    }

    function test_setMinHolding_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(m));
        emit IMinHoldingModule.MinHoldingSet(address(bareCompliance), 7);
        _configure(address(m), abi.encodeCall(IMinHoldingModule.setMinHolding, (7)));
        assertEq(m.getMinHolding(address(bareCompliance)), 7);
    }

    function test_mint_RevertWhen_BelowMinimum() public {
        vm.prank(issuer);
        _expectRefusal(address(0), alice, 9, RestrictionCodes.BELOW_MIN_HOLDING);
        bare.mint(alice, 9);
    }

    function test_transfer_RevertWhen_SenderLeftWithDust() public {
        _mintBare(alice, 15);
        _expectRefusal(alice, bob, 10, RestrictionCodes.BELOW_MIN_HOLDING);
        _send(alice, bob, 10);
    }

    function test_transfer_Success_WhenWholeBalanceMoves() public {
        _mintBare(alice, 15);
        _send(alice, bob, 15);
        assertEq(bare.balanceOf(bob), 15);
    }

    function test_forcedTransfer_Success_WhenDustLeft() public {
        _mintBare(alice, 15);
        vm.prank(issuer);
        bare.forcedTransfer(alice, bob, 12); // agent moves are not checked
        assertEq(bare.balanceOf(alice), 3);
    }

    function testFuzz_transfer_MatchesMinimum(uint256 held, uint256 amount) public {
        held = bound(held, 10, 1000);
        amount = bound(amount, 0, held);
        _mintBare(alice, held);
        uint256 left = held - amount;
        bool allowed = (left == 0 || left >= 10) && amount >= 10;
        assertEq(bare.canTransfer(alice, bob, amount), allowed);
        if (!allowed) _expectRefusal(alice, bob, amount, RestrictionCodes.BELOW_MIN_HOLDING);
        _send(alice, bob, amount);
    }
}
