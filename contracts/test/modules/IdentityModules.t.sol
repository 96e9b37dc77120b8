// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleTestBase} from "./ModuleTestBase.sol";
import {IdentityMaxBalanceModule} from "../../src/compliance/modules/IdentityMaxBalanceModule.sol";
import {MaxHoldersModule} from "../../src/compliance/modules/MaxHoldersModule.sol";
import {InvestorLimitsModule} from "../../src/compliance/modules/InvestorLimitsModule.sol";
import {
    IIdentityMaxBalanceModule,
    IMaxHoldersModule,
    IInvestorLimitsModule
} from "../../src/interfaces/IComplianceModules.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";

contract IdentityMaxBalanceModuleTest is ModuleTestBase {
    IdentityMaxBalanceModule internal m;

    function setUp() public override {
        super.setUp();
        m = new IdentityMaxBalanceModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(IIdentityMaxBalanceModule.setIdentityMaxBalance, (100)));
    }

    function test_setIdentityMaxBalance_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(m));
        emit IIdentityMaxBalanceModule.IdentityMaxBalanceSet(address(bareCompliance), 5);
        _configure(address(m), abi.encodeCall(IIdentityMaxBalanceModule.setIdentityMaxBalance, (5)));
        assertEq(m.getIdentityMaxBalance(address(bareCompliance)), 5);
    }

    function test_mint_RevertWhen_IdentityOverMaxAcrossWallets() public {
        _mintBare(alice, 60);
        _mintBare(alice2, 40); // same investor: 100 in total
        assertEq(m.getIdentityBalance(address(bareCompliance), identityOf(alice)), 100);
        vm.prank(issuer);
        _expectRefusal(address(0), alice2, 1, RestrictionCodes.MAX_BALANCE_EXCEEDED);
        bare.mint(alice2, 1);
    }

    function test_transfer_Success_WhenBetweenOwnWallets() public {
        _mintBare(alice, 100);
        _send(alice, alice2, 70);
        assertEq(m.getIdentityBalance(address(bareCompliance), identityOf(alice)), 100);
    }

    function test_transfer_Success_WhenBalancesFollow() public {
        _mintBare(alice, 100);
        _mintBare(bob, 30);
        _expectRefusal(bob, alice2, 1, RestrictionCodes.MAX_BALANCE_EXCEEDED);
        _send(bob, alice2, 1);
        _send(alice, bob, 50);
        _send(bob, alice2, 20);
        assertEq(m.getIdentityBalance(address(bareCompliance), identityOf(alice)), 70);
        assertEq(m.getIdentityBalance(address(bareCompliance), identityOf(bob)), 60);
        vm.prank(issuer);
        bare.burn(bob, 60);
        assertEq(m.getIdentityBalance(address(bareCompliance), identityOf(bob)), 0);
    }

    function testFuzz_mint_MatchesIdentityTotal(uint256 a, uint256 b) public {
        a = bound(a, 0, 100);
        b = bound(b, 0, 200);
        _mintBare(alice, a);
        bool allowed = a + b <= 100;
        assertEq(bare.canTransfer(address(0), alice2, b), allowed);
        vm.prank(issuer);
        if (!allowed) _expectRefusal(address(0), alice2, b, RestrictionCodes.MAX_BALANCE_EXCEEDED);
        bare.mint(alice2, b);
        assertLe(bare.balanceOf(alice) + bare.balanceOf(alice2), 100);
    }
}

contract MaxHoldersPerIdentityTest is ModuleTestBase {
    MaxHoldersModule internal m;
    address internal frank = makeAddr("frank"); // GBR

    function setUp() public override {
        super.setUp();
        m = new MaxHoldersModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(IMaxHoldersModule.setHolderLimit, (2)));
        _register(frank, GBR);
    }

    function test_holderCount_Success_WhenOneInvestorTwoWallets() public {
        _mintBare(alice, 10);
        _mintBare(alice2, 10);
        assertEq(m.getHolderCount(address(bareCompliance)), 1);
        assertEq(m.getHoldingWallets(address(bareCompliance), identityOf(alice)), 2);
        _mintBare(bob, 10);
        assertEq(m.getHolderCount(address(bareCompliance)), 2);
        // Alice moving everything between her own wallets changes nothing.
        _send(alice, alice2, 10);
        assertEq(m.getHolderCount(address(bareCompliance)), 2);
        _send(alice2, bob, 20);
        assertEq(m.getHolderCount(address(bareCompliance)), 1);
        (, uint256 usa) = m.getCountryHolders(address(bareCompliance), USA);
        assertEq(usa, 0);
    }

    function test_setCountryHolderLimit_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(m));
        emit IMaxHoldersModule.CountryHolderLimitSet(address(bareCompliance), GBR, 1);
        _configure(address(m), abi.encodeCall(IMaxHoldersModule.setCountryHolderLimit, (GBR, 1)));
        (uint256 limit,) = m.getCountryHolders(address(bareCompliance), GBR);
        assertEq(limit, 1);
    }

    function test_mint_RevertWhen_CountryLimitReached() public {
        _configure(address(m), abi.encodeCall(IMaxHoldersModule.setHolderLimit, (10)));
        _configure(address(m), abi.encodeCall(IMaxHoldersModule.setCountryHolderLimit, (GBR, 1)));
        _mintBare(bob, 10);
        _mintBare(alice, 10); // another country: fine
        assertEq(bare.detectTransferRestriction(address(0), frank, 1), RestrictionCodes.COUNTRY_HOLDERS_EXCEEDED);
        vm.prank(issuer);
        _expectRefusal(address(0), frank, 1, RestrictionCodes.COUNTRY_HOLDERS_EXCEEDED);
        bare.mint(frank, 1);
        // Bob leaving to frank frees the GBR place.
        _send(bob, frank, 10);
        (, uint256 gbr) = m.getCountryHolders(address(bareCompliance), GBR);
        assertEq(gbr, 1);
    }

    function test_mint_RevertWhen_TotalLimitReachedButSameInvestorOk() public {
        _mintBare(alice, 10);
        _mintBare(bob, 10);
        _mintBare(alice2, 10); // alice's identity already holds
        vm.prank(issuer);
        _expectRefusal(address(0), carol, 1, RestrictionCodes.MAX_HOLDERS_EXCEEDED);
        bare.mint(carol, 1);
    }
}

contract InvestorLimitsModuleTest is ModuleTestBase {
    InvestorLimitsModule internal m;

    function setUp() public override {
        super.setUp();
        m = new InvestorLimitsModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(IInvestorLimitsModule.setInvestorLimits, (100, 1 days, 30)));
    }

    function test_setInvestorLimits_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(m));
        emit IInvestorLimitsModule.InvestorLimitsSet(address(bareCompliance), 5, 7 days, 2);
        _configure(address(m), abi.encodeCall(IInvestorLimitsModule.setInvestorLimits, (5, 7 days, 2)));
        (uint256 maxBalance, uint64 period, uint256 maxVolume) = m.getInvestorLimits(address(bareCompliance));
        assertEq(maxBalance, 5);
        assertEq(period, 7 days);
        assertEq(maxVolume, 2);
    }

    function test_setInvestorLimits_RevertWhen_OutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(IInvestorLimitsModule.InvalidInvestorLimits.selector, 0, 0, 1));
        m.setInvestorLimits(0, 0, 1);
        uint256 big = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IInvestorLimitsModule.InvalidInvestorLimits.selector, 0, 1, big));
        m.setInvestorLimits(0, 1, big);
    }

    function test_mint_RevertWhen_InvestorOverMaxAcrossWallets() public {
        _mintBare(alice, 60);
        _mintBare(alice2, 40);
        (uint256 balance,,) = m.getInvestor(address(bareCompliance), identityOf(alice));
        assertEq(balance, 100);
        vm.prank(issuer);
        _expectRefusal(address(0), alice2, 1, RestrictionCodes.MAX_BALANCE_EXCEEDED);
        bare.mint(alice2, 1);
    }

    function test_transfer_RevertWhen_WindowVolumeExceeded() public {
        _mintBare(alice, 60);
        _mintBare(alice2, 40);
        _send(alice, bob, 20);
        _send(alice2, bob, 10); // the same investor's window: 30
        assertEq(bare.detectTransferRestriction(alice, bob, 1), RestrictionCodes.TRANSFER_LIMIT_EXCEEDED);
        _expectRefusal(alice, bob, 1, RestrictionCodes.TRANSFER_LIMIT_EXCEEDED);
        _send(alice, bob, 1);
        _send(alice, alice2, 30); // between the investor's own wallets: not counted, not limited
        vm.warp(block.timestamp + 1 days);
        _send(alice2, bob, 30);
        (uint256 balance, uint256 used,) = m.getInvestor(address(bareCompliance), identityOf(alice));
        assertEq(balance, 40);
        assertEq(used, 30);
    }

    function test_forcedTransfer_Success_WhenOverLimitsButRecorded() public {
        _mintBare(alice, 100);
        vm.prank(issuer);
        bare.forcedTransfer(alice, bob, 100);
        (uint256 aliceBalance, uint256 used,) = m.getInvestor(address(bareCompliance), identityOf(alice));
        (uint256 bobBalance,,) = m.getInvestor(address(bareCompliance), identityOf(bob));
        assertEq(aliceBalance, 0);
        assertEq(used, 0);
        assertEq(bobBalance, 100);
    }

    function testFuzz_transfer_MatchesBothLimits(uint256 held, uint256 first, uint256 second) public {
        held = bound(held, 0, 100);
        _mintBare(bob, held);
        _mintBare(alice, 100);
        first = bound(first, 0, 30);
        uint256 room = 100 - held;
        if (first > room) first = room;
        _send(alice, bob, first);
        second = bound(second, 0, 70);
        bool volumeOk = first + second <= 30;
        bool balanceOk = held + first + second <= 100;
        uint8 expected = !balanceOk
            ? RestrictionCodes.MAX_BALANCE_EXCEEDED
            : !volumeOk ? RestrictionCodes.TRANSFER_LIMIT_EXCEEDED : RestrictionCodes.SUCCESS;
        if (second == 0) expected = RestrictionCodes.SUCCESS;
        assertEq(bare.detectTransferRestriction(alice, bob, second), expected);
        if (expected != RestrictionCodes.SUCCESS) _expectRefusal(alice, bob, second, expected);
        _send(alice, bob, second);
    }
}
